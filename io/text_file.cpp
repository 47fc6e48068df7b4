#include "io/text_file.hpp"

#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

namespace subsim {

namespace {
std::string too_large(std::size_t max_bytes) {
  return "larger than " + std::to_string(max_bytes >> 20) + " MiB: not an input subsim reads";
}
}  // namespace

std::size_t first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xbf;  // the range of the second byte
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    } else {
      return i;
    }
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xbf) return i;
    i += len;
  }
  return std::string::npos;
}

namespace {

std::string invalid_utf8(const std::string& text, std::size_t at) {
  const std::size_t newline = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
  const std::size_t line = static_cast<std::size_t>(
      std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')) + 1;
  const std::size_t column = newline == std::string::npos ? at + 1 : at - newline;
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned char>(text[at]));
  return "not UTF-8 text: byte " + std::string(byte) + " at line " + std::to_string(line) +
         ", column " + std::to_string(column) +
         " (save the file as UTF-8; Excel: \"CSV UTF-8\")";
}

std::string binary_data(const std::string& text) {
  return "binary data (a NUL byte at byte " + std::to_string(text.find('\0') + 1) +
         "): not a text file";
}
}  // namespace

bool is_zstd(const std::string& data) {
  return data.size() >= 4 && static_cast<unsigned char>(data[0]) == 0x28 &&
         static_cast<unsigned char>(data[1]) == 0xb5 &&
         static_cast<unsigned char>(data[2]) == 0x2f && static_cast<unsigned char>(data[3]) == 0xfd;
}

std::optional<std::string> zstd_decompress(const std::string& data, std::string& error,
                                           std::size_t max_bytes) {
  std::unique_ptr<ZSTD_DCtx, std::size_t (*)(ZSTD_DCtx*)> d(ZSTD_createDCtx(), &ZSTD_freeDCtx);
  if (!d) {
    error = "zstd: out of memory";
    return std::nullopt;
  }
  // Back-references are limited to 128 MiB windows (what subsim writes is far below).
  ZSTD_DCtx_setParameter(d.get(), ZSTD_d_windowLogMax, 27);
  std::string text;
  std::string buf(ZSTD_DStreamOutSize(), '\0');
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::size_t last = 0;
  for (;;) {
    ZSTD_outBuffer out{buf.data(), buf.size(), 0};
    last = ZSTD_decompressStream(d.get(), &out, &in);
    if (ZSTD_isError(last)) {
      error = std::string("not valid zstd data: ") + ZSTD_getErrorName(last);
      return std::nullopt;
    }
    if (text.size() + out.pos > max_bytes) {
      error = too_large(max_bytes) + " (decompressed)";
      return std::nullopt;
    }
    text.append(buf.data(), out.pos);
    // All input read and the output not full: the decoder holds nothing more.
    if (in.pos == in.size && out.pos < out.size) break;
  }
  if (last != 0) {
    error = "truncated zstd data (the file ends inside a frame)";
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> read_text_file(const std::string& path, std::string& error,
                                          std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    const std::size_t n = static_cast<std::size_t>(in.gcount());
    text.append(buf, n);
    if (text.size() > max_bytes) {
      error = too_large(max_bytes);
      return std::nullopt;
    }
    // Text holds no NUL byte: binary data (/dev/zero, an image named by mistake) is refused at
    // once instead of after reading up to the cap. zstd data is binary: checked once decoded.
    if (text.size() >= 4 && !is_zstd(text) &&
        std::memchr(text.data() + text.size() - n, '\0', n) != nullptr) {
      error = binary_data(text);
      return std::nullopt;
    }
  }
  if (in.bad()) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  if (is_zstd(text)) {
    auto decoded = zstd_decompress(text, error, max_bytes);
    if (decoded && decoded->find('\0') != std::string::npos) {
      error = binary_data(*decoded) + " (decompressed)";
      return std::nullopt;
    }
    if (decoded)
      if (std::size_t bad = first_invalid_utf8(*decoded); bad != std::string::npos) {
        error = invalid_utf8(*decoded, bad) + " (decompressed)";
        return std::nullopt;
      }
    return decoded;
  }
  if (text.find('\0') != std::string::npos) {  // a file of fewer than 4 bytes
    error = binary_data(text);
    return std::nullopt;
  }
  // One rule for every text input: UTF-8 or refused with the position of the first bad byte
  // (names from a file reach JSON, HTML and YAML outputs, which must stay valid).
  if (std::size_t bad = first_invalid_utf8(text); bad != std::string::npos) {
    error = invalid_utf8(text, bad);
    return std::nullopt;
  }
  return text;
}

}  // namespace subsim
