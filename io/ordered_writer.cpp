#include "io/ordered_writer.hpp"

#include <algorithm>

namespace subsim {

OrderedWriter::OrderedWriter(WriteFn write, std::size_t window)
    : write_(std::move(write)), window_(std::max<std::size_t>(window, 1)) {
  thread_ = std::thread([this] { run(); });
}

OrderedWriter::~OrderedWriter() {
  abort();
  if (thread_.joinable()) thread_.join();
}

void OrderedWriter::submit(std::size_t index, Chunk chunk) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return stop_ || index < next_ + window_; });
  if (error_) std::rethrow_exception(error_);
  if (stop_) return;
  waiting_.emplace(index, std::move(chunk));
  most_waiting_ = std::max(most_waiting_, waiting_.size());
  changed_.notify_all();
}

void OrderedWriter::abort() {
  std::lock_guard<std::mutex> lock(mutex_);
  stop_ = true;
  changed_.notify_all();
}

void OrderedWriter::finish(std::size_t total) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    total_ = total;
    changed_.notify_all();
    changed_.wait(lock, [&] { return stop_ || next_ >= total_; });
    stop_ = true;
    changed_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  if (error_) std::rethrow_exception(error_);
  if (next_ < total) throw std::logic_error("ordered writer: stopped before the last chunk");
}

void OrderedWriter::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stop_ || next_ >= total_ || waiting_.count(next_) > 0; });
    if (stop_ || next_ >= total_) return;
    auto node = waiting_.extract(next_);
    lock.unlock();
    try {
      write_(node.mapped());
    } catch (...) {
      lock.lock();
      error_ = std::current_exception();
      stop_ = true;
      changed_.notify_all();
      return;
    }
    node.mapped().clear();  // freed outside the lock
    lock.lock();
    ++next_;
    changed_.notify_all();
  }
}

}  // namespace subsim
