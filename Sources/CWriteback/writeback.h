// Starting the kernel's write-out of a file's pages early, which Swift's Glibc module does not expose
// (sync_file_range needs _GNU_SOURCE). Header only: nothing to link.
#ifndef CREDITREPORT_WRITEBACK_H
#define CREDITREPORT_WRITEBACK_H

#include <stdint.h>
#include <unistd.h>
#include <sys/syscall.h>

/// Asks the kernel to start writing the dirty pages of [from, from + length) of `fd` to disk, without
/// waiting for them to be written (sync_file_range with SYNC_FILE_RANGE_WRITE). Only a hint, for speed:
/// nothing is made durable by it, and where the call does not exist it does nothing. 0, or -1 and errno.
static inline int creditreport_start_writeback(int fd, int64_t from, int64_t length) {
#ifdef SYS_sync_file_range
    return (int)syscall(SYS_sync_file_range, fd, from, length, 2 /* SYNC_FILE_RANGE_WRITE */);
#else
    (void)fd; (void)from; (void)length;
    return 0;
#endif
}

#endif
