#ifndef GASTOWN_CDIRENT_SHIM_H
#define GASTOWN_CDIRENT_SHIM_H
// getdents64(2), which Swift's Glibc module does not export: a folder listed straight from its descriptor,
// without fdopendir's dup, fstat and fcntl calls (a store load lists 20,000 folders).
#ifdef __linux__
#include <sys/syscall.h>
#include <unistd.h>

/// Fills `buffer` with `struct linux_dirent64` entries; 0 at the end, -1 with errno on error.
static inline long gt_getdents64(int fd, void *buffer, unsigned long length) {
    return syscall(SYS_getdents64, fd, buffer, length);
}
#endif
#endif
