// A command's output folder, replaced all at once. Before any work the folder is checked (not a
// file, writable, and empty or holding only files subsim wrote there, unchanged, as its marker
// lists them — see output_marker.hpp; a folder with anything else in it is refused and nothing
// of it is touched) and locked (a second writer is refused). Files are then written into a fresh staging folder
// beside it and commit() swaps the two with one atomic rename (renameat2 RENAME_EXCHANGE): a
// reader sees the earlier set or the new one, never a mix, and no file of the earlier run is
// left beside the new results. SIGINT/SIGTERM/SIGHUP are held back while the files are written
// and swapped; a failure (full disk) leaves the earlier set untouched and no staging folder, and
// so does a SIGINT/SIGTERM/SIGHUP while a trace streams (staging_cleanup.hpp).
#pragma once
#include <csignal>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/manifest.hpp"
#include "io/output_marker.hpp"
#include "io/output_stream.hpp"
#include "io/staging_cleanup.hpp"

namespace subsim {

class OutputFolder {
 public:
  // Checks and locks `dir` (creating it, empty, if missing). Throws OutputFolderError.
  explicit OutputFolder(std::filesystem::path dir);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Writes one file of the new set (created with O_EXCL|O_NOFOLLOW, synced). Throws
  // OutputFolderError with the OS reason.
  void write(const std::string& name, const std::string& content);
  // Opens one file of the new set to be written as a stream (a trace), without holding the
  // signals back: a long traced run stays interruptible (a kill leaves only the staging folder,
  // removed by the next run). close_stream() ends it and lists it among written(). Throws
  // OutputFolderError.
  std::unique_ptr<OutputStream> open_stream(const std::string& name, Compression compression);
  void close_stream(const std::string& name, OutputStream& stream);
  // Writes one file of the new set, like a stream (signals not held back: a long computation
  // may follow), and returns its path in the staging folder, to be read back before commit()
  // (a back-test runs the scenario it has just written).
  std::filesystem::path write_staged(const std::string& name, const std::string& content);
  // The new set replaces the folder. Throws OutputFolderError; the earlier set then stays.
  void commit();

  const std::filesystem::path& dir() const { return dir_; }
  // Every file written so far (the marker excepted), with its sha256 and size: a manifest's
  // outputs.
  const std::vector<ManifestFile>& written() const { return written_; }

  // The name of the marker file every output folder holds.
  static constexpr const char* kMarker = kOutputMarker;

 private:
  void check_folder();    // writable, nothing foreign in it; old staging folders removed
  void begin();           // staging folder made and signals held
  void make_staging();    // the staging folder only
  void check_name(const std::string& name);
  void write_file(const std::string& name, const std::string& content);
  void discard_staging();

  std::filesystem::path dir_;
  std::filesystem::path staging_;
  std::vector<ManifestFile> written_;
  std::unique_ptr<StagingCleanup> cleanup_;  // the staging folder removed on a fatal signal
  int lock_fd_ = -1;
  bool created_ = false;    // the constructor made `dir_` (removed again if nothing is committed)
  bool committed_ = false;
  bool signals_held_ = false;
  sigset_t old_mask_{};
};

// A folder that grows while a long command runs and may be resumed (a sweep's: its journal grows
// run by run, its results come at the end). Checked before any work — nothing in it but the
// command's own `names` (and the temporary names an interrupted atomic write leaves), no
// symbolic link, not the output folder of another command — and locked against a second writer
// for as long as the object lives. Each file is written atomically (a temporary name, then a
// rename: a reader sees the old file or the new one) and its hash returned for the manifest.
// `what` names the command in messages ("sweep": "holds files a sweep did not write").
class GrowingFolder {
 public:
  GrowingFolder(std::filesystem::path dir, std::vector<std::string> names, std::string what);
  ~GrowingFolder();
  GrowingFolder(const GrowingFolder&) = delete;
  GrowingFolder& operator=(const GrowingFolder&) = delete;

  // Throws OutputFolderError with the OS reason.
  ManifestFile write(const std::string& name, const std::string& content);
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::vector<std::string> names_;
  int lock_fd_ = -1;
};

// A finished output folder (or a sweep's), locked while a command reads it and adds a file to it
// (report.html): a run cannot swap the folder meanwhile, and the added file is listed in the
// folder's marker, so a later run replaces it like the others.
class LockedFolder {
 public:
  explicit LockedFolder(std::filesystem::path dir);  // throws OutputFolderError
  ~LockedFolder();
  LockedFolder(const LockedFolder&) = delete;
  LockedFolder& operator=(const LockedFolder&) = delete;
  // Writes `name` atomically; lists it in the marker if the folder has one.
  void add(const std::string& name, const std::string& content);

 private:
  std::filesystem::path dir_;
  int lock_fd_ = -1;
};

}  // namespace subsim
