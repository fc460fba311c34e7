#!/usr/bin/env node
// The `monet-mock` command. It lives outside dist/ so that a workspace install can link the bin
// before the package is built (pnpm warns for every dependent otherwise); the code is in dist/.
import "../dist/cli.js";
