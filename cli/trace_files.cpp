#include "cli/trace_files.hpp"

#include <algorithm>

#include "sim/parallel_for.hpp"

namespace subsim::cli {

TraceRequest trace_request(const po::variables_map& vm) {
  TraceRequest r;
  auto text = [&](const char* name, std::string& to) {
    if (!vm.count(name)) return;
    to = vm[name].as<std::string>();
    r.on = true;
    if (to.find_first_not_of(" \t") == std::string::npos) {  // '' would mean "no filter"
      std::fprintf(stderr, "subsim: error: --%s: no value given\n", name);
      r.ok = false;
    }
  };
  text("trace-accounts", r.filter.accounts);
  text("trace-events", r.filter.events);
  text("trace-from", r.filter.from);
  text("trace-to", r.filter.to);
  text("trace-sample", r.filter.sample);
  if (vm.count("trace")) r.on = true;
  if (vm.count("trace-compress")) {
    const std::string c = vm["trace-compress"].as<std::string>();
    r.on = true;
    if (c == "zstd") {
      r.compression = Compression::zstd;
    } else if (c != "none") {
      std::fprintf(stderr, "subsim: error: --trace-compress: '%s' is not zstd or none\n", c.c_str());
      r.ok = false;
    }
  }
  return r;
}

TraceFiles::TraceFiles(OutputFolder& folder, const TraceRequest& request, const Scenario& sc,
                       const TraceFilter& filter, int threads)
    : folder_(folder) {
  if (!request.on) return;
  const std::string suffix = request.compression == Compression::zstd ? ".zst" : "";
  events_name_ = "events.csv" + suffix;
  subscriptions_name_ = "subscriptions.csv" + suffix;
  events_ = folder.open_stream(events_name_, request.compression);
  subscriptions_ = folder.open_stream(subscriptions_name_, request.compression);
  OutputStream* e = events_.get();
  OutputStream* s = subscriptions_.get();
  const int t = std::min(threads > 0 ? threads : default_threads(), 1024);
  stream_ = std::make_unique<TraceStream>(
      sc, filter, [e](std::string_view b) { e->write(b); },
      [s](std::string_view b) { s->write(b); },
      static_cast<std::size_t>(t * kTraceUnitsWaitingPerThread));
}

void TraceFiles::close() {
  if (!stream_) return;
  folder_.close_stream(events_name_, *events_);
  folder_.close_stream(subscriptions_name_, *subscriptions_);
}

}  // namespace subsim::cli
