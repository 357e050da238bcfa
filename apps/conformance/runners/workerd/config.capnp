# workerd config for the conformance suite's Worker (the host writes the bundle to worker.bundle.mjs and picks
# the port with --socket-addr http=127.0.0.1:<port>). Outbound fetches may reach the kit on loopback.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [ (name = "worker.mjs", esModule = embed "worker.bundle.mjs") ],
  # A date before workerd made `process` a global (no nodejs_compat either): core must need no Node API.
  compatibilityDate = "2024-09-23",
  globalOutbound = "internet",
);
