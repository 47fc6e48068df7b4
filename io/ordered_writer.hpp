// Chunks made by worker threads in any order, written in index order by one writer thread:
// the workers format in parallel with each other and with the writing, and the file is the
// same for any number of workers. At most `window` chunks wait to be written: a worker whose
// chunk is further ahead waits, so memory stays bounded whatever the number of chunks.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace subsim {

class OrderedWriter {
 public:
  // A chunk is one string per output (e.g. events.csv rows and subscriptions.csv rows).
  using Chunk = std::vector<std::string>;
  using WriteFn = std::function<void(Chunk&)>;

  OrderedWriter(WriteFn write, std::size_t window);
  ~OrderedWriter();  // aborts if finish() was not called
  OrderedWriter(const OrderedWriter&) = delete;
  OrderedWriter& operator=(const OrderedWriter&) = delete;

  // Hands chunk `index` over (each index in [0, total) exactly once). Blocks while `index` is
  // `window` or more ahead of the next chunk to write. Rethrows the writer's error, if any.
  void submit(std::size_t index, Chunk chunk);
  // Stops: waiting workers return, nothing more is written (a worker failed).
  void abort();
  // Waits until chunks [0, total) are written; rethrows the writer's error.
  void finish(std::size_t total);

  std::size_t most_waiting() const { return most_waiting_; }  // high-water mark, for tests

 private:
  void run();

  WriteFn write_;
  std::size_t window_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::size_t, Chunk> waiting_;
  std::size_t next_ = 0, total_ = static_cast<std::size_t>(-1), most_waiting_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace subsim
