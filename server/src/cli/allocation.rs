//! Which allocator tree-sitter's trees come from in the commands' own processes.

/// Hands tree-sitter's allocations to mimalloc: a check parses and frees millions of small
/// nodes, which glibc's allocator serves markedly slower across threads (about 7% of a
/// check's time), and the language server's reparse of a large file after each edit makes
/// and frees thousands (a fifth of the reparse), while 200 open files keep less memory
/// resident. Only for the process of a command (`check`, `lsp`), before anything in it has
/// parsed: an object made by one allocator must never reach the other's `free`.
pub fn parse_with_mimalloc() {
    unsafe extern "C" fn zeroed(count: usize, size: usize) -> *mut std::ffi::c_void {
        match count.checked_mul(size) {
            // SAFETY: mimalloc's allocation functions may be called with any size.
            Some(bytes) => unsafe { libmimalloc_sys::mi_zalloc(bytes) },
            None => std::ptr::null_mut(),
        }
    }
    // SAFETY: called first thing in the command's process (see `cli::main`), when no
    // tree-sitter object exists yet, so none is freed by an allocator other than its own.
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(zeroed),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
    }
}
