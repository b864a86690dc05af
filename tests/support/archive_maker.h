// Builds small archives for tests with libarchive's writer, hostile ones included: names and
// link targets are written exactly as given, which no careful tool would do.
#pragma once

#include "core/error.h"

#include <archive.h>
#include <archive_entry.h>
#include <filesystem>
#include <string>
#include <vector>

namespace woa::test {

struct ArchiveMember {
    enum Kind { file, dir, symlink, hardlink, fifo } kind = file;
    std::string name;
    std::string content; // file
    std::string target;  // symlink or hardlink
    long long size = -1; // declared size; default content.size()
    unsigned mode = 0644;
};

inline ArchiveMember regular(std::string name, std::string content, unsigned mode = 0644) {
    return {ArchiveMember::file, std::move(name), std::move(content), "", -1, mode};
}
inline ArchiveMember soft_link(std::string name, std::string target) {
    return {ArchiveMember::symlink, std::move(name), "", std::move(target), -1, 0777};
}
inline ArchiveMember hard_link(std::string name, std::string target) {
    return {ArchiveMember::hardlink, std::move(name), "", std::move(target), -1, 0644};
}
inline ArchiveMember fifo(std::string name) {
    return {ArchiveMember::fifo, std::move(name), "", "", -1, 0644};
}

// format: "tar.gz", "tar.xz", "zip", "ar" (members must be plain files), "xz" (one file's
// content, compressed, no archive).
inline void write_archive(const std::filesystem::path& out, const std::string& format,
                          const std::vector<ArchiveMember>& members) {
    struct archive* a = archive_write_new();
    if (format == "zip") {
        archive_write_set_format_zip(a);
    } else if (format == "ar") {
        archive_write_set_format_ar_svr4(a);
    } else if (format == "xz") {
        archive_write_set_format_raw(a);
        archive_write_add_filter_xz(a);
    } else {
        archive_write_set_format_pax_restricted(a);
        if (format == "tar.gz") archive_write_add_filter_gzip(a);
        if (format == "tar.xz") archive_write_add_filter_xz(a);
    }
    if (archive_write_open_filename(a, out.c_str()) != ARCHIVE_OK)
        throw Error(std::string("archive_write_open: ") + archive_error_string(a));
    for (const auto& m : members) {
        struct archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, m.name.c_str());
        archive_entry_set_perm(e, m.mode);
        archive_entry_set_mtime(e, 1700000000, 0);
        switch (m.kind) {
        case ArchiveMember::file:
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_size(e,
                                   m.size >= 0 ? m.size : static_cast<long long>(m.content.size()));
            break;
        case ArchiveMember::dir:
            archive_entry_set_filetype(e, AE_IFDIR);
            break;
        case ArchiveMember::symlink:
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, m.target.c_str());
            break;
        case ArchiveMember::hardlink:
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_hardlink(e, m.target.c_str());
            archive_entry_set_size(e, 0);
            break;
        case ArchiveMember::fifo:
            archive_entry_set_filetype(e, AE_IFIFO);
            break;
        }
        archive_write_header(a, e);
        if (m.kind == ArchiveMember::file && !m.content.empty())
            archive_write_data(a, m.content.data(), m.content.size());
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
}

} // namespace woa::test
