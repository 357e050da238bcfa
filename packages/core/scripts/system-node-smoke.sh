#!/bin/sh
# The machine's own Node (first `node` on PATH that is not the pinned one in node_modules/.bin).
set -e
cd "$(dirname "$0")"
sys_node=$(which -a node | grep -v node_modules | head -n 1)
if [ -z "$sys_node" ]; then echo "no system node on PATH" >&2; exit 1; fi
exec "$sys_node" --no-warnings system-node-smoke.mjs
