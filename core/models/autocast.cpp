#include "core/models/autocast.h"

#include <ATen/autocast_mode.h>

#include "core/common/error.h"

namespace uae::models {

AutocastGuard::AutocastGuard(const torch::Device& device, bool enabled, torch::ScalarType dtype)
    : m_type(device.type()) {
    if (!enabled) return;
    m_prevEnabled = at::autocast::is_autocast_enabled(m_type);
    m_prevDtype = at::autocast::get_autocast_dtype(m_type);
    at::autocast::set_autocast_enabled(m_type, true);
    at::autocast::set_autocast_dtype(m_type, dtype);
    at::autocast::increment_nesting();
    m_active = true;
}

AutocastGuard::~AutocastGuard() {
    if (!m_active) return;
    // The cast cache holds bf16 copies of the weights; it must not outlive the outermost guard.
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    at::autocast::set_autocast_enabled(m_type, m_prevEnabled);
    at::autocast::set_autocast_dtype(m_type, m_prevDtype);
}

AutocastOff::AutocastOff(const torch::Device& device) : m_type(device.type()) {
    m_prevEnabled = at::autocast::is_autocast_enabled(m_type);
    at::autocast::set_autocast_enabled(m_type, false);
}

AutocastOff::~AutocastOff() { at::autocast::set_autocast_enabled(m_type, m_prevEnabled); }

bool precisionUsesAutocast(const std::string& precision) {
    if (precision == "bf16") return true;
    if (precision == "fp32") return false;
    throw Error(ErrorKind::InvalidArgument, "precision '" + precision + "': allowed values are fp32, bf16");
}

}  // namespace uae::models
