// Whether this test process runs under AddressSanitizer (`npm run test:asan`
// preloads its runtime). ASan replaces malloc: freed blocks wait in its
// quarantine (256 MB by default) and every block carries redzones and shadow
// memory, so tests that bound the process's RSS measure ASan's allocator, not
// ours, and are skipped there (they run in the normal suite).
export const underAsan = /libasan/.test(process.env.LD_PRELOAD ?? "");
