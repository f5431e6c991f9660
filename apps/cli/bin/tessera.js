#!/usr/bin/env node
// The built command (pnpm build); in the workspace, `pnpm tessera ...` runs the sources with tsx.
import '../dist/main.js';
