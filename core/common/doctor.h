// `uae doctor`: checks that what the engine needs is present and working.
#pragma once

#include <string>
#include <vector>

namespace uae {

struct DoctorCheck {
    std::string name;
    bool ok = false;
    bool required = true;  // a failed required check makes the doctor fail
    std::string detail;
};

struct DoctorReport {
    std::vector<DoctorCheck> checks;
    bool ok() const;
};

// Runs every check; never throws. extraChecks come from layers above core (Qt).
DoctorReport runDoctor(const std::string& device = "auto", std::vector<DoctorCheck> extraChecks = {});

}  // namespace uae
