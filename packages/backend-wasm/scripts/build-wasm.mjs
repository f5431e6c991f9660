#!/usr/bin/env node
// Builds the two kernel modules from rust/ with Debian's toolchain (wasm-pack is not usable
// here: its npm package downloads a binary at install time):
//   wasm/tessera-kernels.wasm          single-threaded, imported non-shared memory
//   wasm/tessera-kernels-threads.wasm  +atomics, imported shared memory, exported stack pointer
// `--check` builds into a temporary directory and fails unless the bytes equal the committed
// files. Override the toolchain with CARGO=... RUSTC=... (defaults: /usr/bin/cargo, /usr/bin/rustc).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const crate = join(pkg, 'rust');
const check = process.argv.includes('--check');
const cargo = process.env.CARGO ?? (existsSync('/usr/bin/cargo') ? '/usr/bin/cargo' : 'cargo');
const rustc = process.env.RUSTC ?? (existsSync('/usr/bin/rustc') ? '/usr/bin/rustc' : 'rustc');

const common = ['+simd128', '+bulk-memory', '+mutable-globals'];
// Without loop strength reduction LLVM keeps the constant offsets of a micro-kernel's loads as
// the loads' offset immediates (LSR rewrites them into separate i32.add address computations,
// which V8 then executes as extra integer instructions in the innermost loop).
const llvm = ['-C llvm-args=-disable-lsr'];
const variants = [
  { file: 'tessera-kernels.wasm', features: common, link: ['--import-memory'] },
  {
    file: 'tessera-kernels-threads.wasm',
    features: [...common, '+atomics'],
    link: ['--import-memory', '--shared-memory', '--max-memory=4294967296', '--export=__stack_pointer'],
  },
];

let version;
try {
  version = execFileSync(rustc, ['--version'], { encoding: 'utf8' }).trim();
} catch {
  console.error(`build-wasm: ${rustc} not found. Install Debian's toolchain:\n` +
    '  apt-get install -y --no-install-recommends rustc cargo libstd-rust-dev-wasm32 lld');
  process.exit(1);
}

const work = check ? mkdtempSync(join(tmpdir(), 'tessera-wasm-')) : join(crate, 'target');
let failed = false;
for (const v of variants) {
  const targetDir = join(work, v.file.replace('.wasm', ''));
  // The crate path is remapped so the output does not depend on where the repo lives.
  const flags = [`-C target-feature=${v.features.join(',')}`, ...llvm, `--remap-path-prefix=${crate}=tessera-kernels`,
    ...v.link.map((l) => `-C link-arg=${l}`)].join(' ');
  const env = { ...process.env, RUSTC: rustc, RUSTFLAGS: flags, CARGO_TARGET_DIR: targetDir };
  delete env.CARGO_ENCODED_RUSTFLAGS;
  const r = spawnSync(cargo, ['build', '--release', '--locked', '--target', 'wasm32-unknown-unknown'],
    { cwd: crate, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`build-wasm: cargo failed for ${v.file} (${version})`);
    process.exit(1);
  }
  const built = join(targetDir, 'wasm32-unknown-unknown', 'release', 'tessera_kernels.wasm');
  const committed = join(pkg, 'wasm', v.file);
  if (check) {
    const same = existsSync(committed) && Buffer.compare(readFileSync(built), readFileSync(committed)) === 0;
    console.log(`build-wasm: ${v.file} ${same ? 'matches the committed file' : 'DIFFERS from the committed file'}`);
    failed ||= !same;
  } else {
    copyFileSync(built, committed);
    console.log(`build-wasm: wrote wasm/${v.file} (${readFileSync(committed).length} bytes, ${version})`);
  }
}
if (check) rmSync(work, { recursive: true, force: true });
if (failed) {
  console.error(`build-wasm: rebuild with \`pnpm --filter @tessera/backend-wasm build:wasm\` (${version}) and commit wasm/`);
  process.exit(1);
}
