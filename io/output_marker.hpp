// The marker file of an output folder, `.subsim-output`: it lists every file subsim wrote into
// the folder with its size and sha256. A later run into the folder replaces those files and
// refuses the folder if it holds anything else — a file of the user's (notes, plots), a file
// subsim wrote that was changed since, or a marker copied into a foreign folder — so rerunning
// never deletes anything subsim did not write. Folders of earlier versions (a marker without a
// listing, or none) are accepted only when every entry is a file name subsim writes.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/manifest.hpp"

namespace subsim {

inline constexpr const char* kOutputMarker = ".subsim-output";

// The marker's text for these files.
std::string output_marker_text(const std::vector<ManifestFile>& files);

// What in `dir` subsim may not replace: entries it did not write or that changed since, sorted;
// empty when the folder holds only subsim's files (or nothing). A damaged marker lists itself.
std::vector<std::string> foreign_entries(const std::filesystem::path& dir);

// How a refusal names what it found: the first name, and how many more ("a.txt and 2 more").
std::string first_and_more(const std::vector<std::string>& names);

// The files the marker of `dir` lists (empty without a marker or listing).
std::vector<ManifestFile> marker_listing(const std::filesystem::path& dir);

}  // namespace subsim
