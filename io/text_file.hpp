// Reading a whole file, with the OS reason when it fails. A zstd-compressed file (a trace
// written with --trace-compress zstd) is recognised by its magic number and read as the text it
// holds, so every reader of a CSV reads both forms.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace subsim {

// The most any input file may hold (scenarios, sweep files, result folders' CSV and JSON, the
// journal): far beyond any real one, small enough that reading it cannot exhaust memory.
inline constexpr std::size_t kMaxInputBytes = std::size_t{1} << 30;

// The file's bytes (decompressed if zstd), or nullopt with `error` set to the OS reason (e.g.
// "No such file or directory"), to "larger than …", to "binary data …" (a NUL byte: no text
// input holds one), to "not UTF-8 text: byte 0xe9 at line L, column C …" or to what is wrong with the compressed data — read in chunks and never past
// `max_bytes` (of text, after decompression), so /dev/zero (at its first chunk), an endless pipe,
// a huge file or a decompression bomb is refused instead of filling memory.
std::optional<std::string> read_text_file(const std::string& path, std::string& error,
                                          std::size_t max_bytes = kMaxInputBytes);

// The first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or npos. Every text input must be UTF-8.
std::size_t first_invalid_utf8(std::string_view s);

// The text of zstd frames (one or more, concatenated), at most `max_bytes`; nullopt with
// `error` set when the data are not valid zstd or hold more.
std::optional<std::string> zstd_decompress(const std::string& data, std::string& error,
                                           std::size_t max_bytes = kMaxInputBytes);
bool is_zstd(const std::string& data);

}  // namespace subsim
