// `run --trace…`: which trace the user asked for, and its files streamed into the output folder.
#pragma once
#include <memory>
#include <string>

#include "analysis/trace_filter.hpp"
#include "analysis/trace_stream.hpp"
#include "cli/options.hpp"
#include "io/output_folder.hpp"

namespace subsim::cli {

struct TraceRequest {
  bool ok = true;  // false: a bad option, already reported
  bool on = false;
  Compression compression = Compression::none;
  TraceFilterText filter;
};
// Any --trace-* option asks for a trace.
TraceRequest trace_request(const po::variables_map& vm);

// events.csv[.zst] and, for replication 0, subscriptions.csv[.zst] (none without a trace).
class TraceFiles {
 public:
  TraceFiles(OutputFolder& folder, const TraceRequest& request, const Scenario& sc,
             const TraceFilter& filter, int threads);
  TraceStream* stream() { return stream_.get(); }
  void close();  // after the run: ends, syncs and lists both files

 private:
  OutputFolder& folder_;
  std::string events_name_, subscriptions_name_;
  std::unique_ptr<OutputStream> events_, subscriptions_;
  std::unique_ptr<TraceStream> stream_;
};

}  // namespace subsim::cli
