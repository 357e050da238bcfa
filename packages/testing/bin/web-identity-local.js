#!/usr/bin/env node
// The CLI lives in dist/cli.js (built from src/cli.ts); this committed shim lets package managers link
// the bin at install time, before a workspace build has produced dist/.
import '../dist/cli.js';
