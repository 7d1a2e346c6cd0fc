/** Bodies of GET / and GET /status (kong.md §7.4), shaped like Kong 3.9.3's. */
import { BUNDLED_PLUGIN_PRIORITIES } from "../../kong/plugin-catalog.ts";
import { KONG_VERSION } from "../kong-headers.ts";
import type { ConfigSnapshot } from "../snapshot.ts";

export interface ServerCounters {
  connectionsActive: number;
  connectionsAccepted: number;
  totalRequests: number;
}

export interface ListenInfo {
  readonly proxyListen: string;
  readonly adminListen: string;
}

export function rootInfo(snapshot: ConfigSnapshot, listen: ListenInfo): Record<string, unknown> {
  const available: Record<string, { version: string; priority: number }> = {};
  for (const [name, priority] of Object.entries(BUNDLED_PLUGIN_PRIORITIES))
    available[name] = { version: KONG_VERSION, priority };
  return {
    tagline: "Welcome to kong",
    version: KONG_VERSION,
    edition: "community",
    hostname: snapshot.hostname,
    node_id: snapshot.nodeId,
    timers: { running: 0, pending: 0 },
    plugins: {
      available_on_server: available,
      enabled_in_cluster: [...new Set(snapshot.config.plugins.map((p) => p.name))].sort(),
    },
    lua_version: "LuaJIT 2.1.0-20231117",
    configuration: {
      database: "off",
      role: "traditional",
      router_flavor: "traditional_compatible",
      proxy_listen: [listen.proxyListen],
      admin_listen: [listen.adminListen],
      headers: ["server_tokens", "latency_tokens", "x-kong-request-id"],
      headers_upstream: ["x-kong-request-id"],
      plugins: ["bundled"],
      error_default_type: "text/plain",
      trusted_ips: {},
      real_ip_header: "X-Real-IP",
      // Not Kong: lets a harness tell the embedded emulator from a real Kong.
      shadowgate_embedded: true,
    },
    pids: { master: process.pid, workers: [process.pid] },
  };
}

const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(2)} MiB`;

export function statusInfo(snapshot: ConfigSnapshot, c: ServerCounters): Record<string, unknown> {
  return {
    memory: {
      workers_lua_vms: [{ http_allocated_gc: mib(process.memoryUsage().heapUsed), pid: process.pid }],
      lua_shared_dicts: {
        kong: { allocated_slabs: mib(0), capacity: "5.00 MiB" },
        kong_db_cache: { allocated_slabs: mib(0), capacity: "128.00 MiB" },
      },
    },
    server: {
      connections_active: c.connectionsActive,
      connections_reading: 0,
      connections_writing: 1,
      connections_waiting: Math.max(0, c.connectionsActive - 1),
      connections_accepted: c.connectionsAccepted,
      connections_handled: c.connectionsAccepted,
      total_requests: c.totalRequests,
    },
    configuration_hash: snapshot.config.hash,
  };
}
