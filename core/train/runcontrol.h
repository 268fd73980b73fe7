// Pause / stop flags shared by the engine's control methods (any thread) and the worker
// (checked between steps). Torch-free.
#pragma once

#include <condition_variable>
#include <mutex>

namespace uae::train {

class RunControl {
public:
    void pause();
    void unpause();
    void requestStop();  // also wakes a paused worker so it can save and end
    void reset();        // before a new run

    bool stopRequested() const;
    bool paused() const;
    // The pause gate, called by the worker between steps: blocks while paused. Returns false
    // when a stop was requested (the worker then saves and ends). onPause/onResume run on
    // the worker.
    template <typename OnPause, typename OnResume>
    bool waitIfPaused(OnPause&& onPause, OnResume&& onResume) {
        std::unique_lock lock(m_mutex);
        if (m_paused && !m_stop) {
            lock.unlock();
            onPause();
            lock.lock();
            m_cv.wait(lock, [this] { return !m_paused || m_stop; });
            lock.unlock();
            onResume();
            lock.lock();
        }
        return !m_stop;
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_paused = false;
    bool m_stop = false;
};

}  // namespace uae::train
