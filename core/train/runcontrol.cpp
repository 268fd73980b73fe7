#include "core/train/runcontrol.h"

namespace uae::train {

void RunControl::pause() {
    std::lock_guard lock(m_mutex);
    m_paused = true;
}

void RunControl::unpause() {
    {
        std::lock_guard lock(m_mutex);
        m_paused = false;
    }
    m_cv.notify_all();
}

void RunControl::requestStop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
}

void RunControl::reset() {
    std::lock_guard lock(m_mutex);
    m_paused = false;
    m_stop = false;
}

bool RunControl::stopRequested() const {
    std::lock_guard lock(m_mutex);
    return m_stop;
}

bool RunControl::paused() const {
    std::lock_guard lock(m_mutex);
    return m_paused;
}

}  // namespace uae::train
