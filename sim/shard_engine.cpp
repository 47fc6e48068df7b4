#include "sim/shard_engine.tpp"

#include "sim/calendar_queue.hpp"
#include "sim/priority_queue_baseline.hpp"

namespace subsim {
template class ShardEngine<CalendarQueue>;
template class ShardEngine<PriorityQueueBaseline>;
}  // namespace subsim
