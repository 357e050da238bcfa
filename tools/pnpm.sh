#!/bin/sh
# Runs the project's pinned pnpm on whatever Node the machine has (pnpm 10 runs on Node 20);
# every script pnpm starts then runs on the Node 24 from node_modules/.bin (the `node` devDependency).
set -e
exec npx -y pnpm@10.34.9 "$@"
