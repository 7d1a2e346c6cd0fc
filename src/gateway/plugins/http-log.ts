/**
 * `http-log` of Kong 3.9.3 (kong.md §8): each record is queued per plugin instance (log-queue.ts)
 * and sent to `http_endpoint` with `method`, `content_type`, `headers` and `timeout`. With
 * `queue.max_batch_size` 1 the body is one JSON object, otherwise a JSON array of the batch.
 * Userinfo in the URL becomes `Authorization: Basic …`.
 */
import { Agent, request } from "undici";
import type { Logger } from "../../log.ts";
import type { KongPlugin } from "../../kong/types.ts";
import type { GatewayPlugin, LogEntry, RequestContext } from "../types.ts";
import { LogQueue, type QueueConfig } from "./log-queue.ts";

interface HttpLogConfig {
  readonly http_endpoint: string;
  readonly method: "POST" | "PUT" | "PATCH";
  readonly content_type: string;
  readonly timeout: number;
  readonly keepalive: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly queue: QueueConfig;
}

function target(endpoint: string): { url: string; authorization: string | undefined } {
  const u = new URL(endpoint);
  const userinfo =
    u.username === "" ? undefined : `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  u.username = "";
  u.password = "";
  return {
    url: u.toString(),
    authorization: userinfo === undefined ? undefined : `Basic ${Buffer.from(userinfo).toString("base64")}`,
  };
}

export function createHttpLogPlugin(logger: Logger): GatewayPlugin {
  const agent = new Agent({ keepAliveTimeout: 60_000 });
  const queues = new Map<string, LogQueue<string>>();
  const queueFor = (plugin: KongPlugin): LogQueue<string> => {
    // One queue per plugin instance and config (a reload with a new config starts a new queue).
    const key = `${plugin.id}:${JSON.stringify(plugin.config)}`;
    let queue = queues.get(key);
    if (queue) return queue;
    const conf = plugin.config as unknown as HttpLogConfig;
    const { url, authorization } = target(conf.http_endpoint);
    const send = async (batch: readonly string[]): Promise<boolean> => {
      const body = conf.queue.max_batch_size === 1 ? batch[0]! : `[${batch.join(",")}]`;
      const res = await request(url, {
        dispatcher: agent,
        method: conf.method,
        headers: {
          ...conf.headers,
          "content-type": conf.content_type,
          ...(authorization === undefined ? {} : { authorization }),
        },
        body,
        headersTimeout: conf.timeout,
        bodyTimeout: conf.timeout,
      });
      await res.body.dump();
      if (res.statusCode >= 400) logger.warn(`http-log: ${url} answered ${res.statusCode}`);
      return res.statusCode < 400;
    };
    queue = new LogQueue(conf.queue, send, (reason) => logger.warn(`http-log ${url}: ${reason}`));
    queues.set(key, queue);
    return queue;
  };
  return {
    name: "http-log",
    priority: 12,
    log(_ctx: RequestContext, plugin: KongPlugin, entry: LogEntry): void {
      queueFor(plugin).add(JSON.stringify(entry.serialize()));
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.flush()));
      await agent.close();
    },
  };
}
