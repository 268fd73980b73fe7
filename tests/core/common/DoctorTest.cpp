#include <gtest/gtest.h>

#include "core/common/doctor.h"

using namespace uae;

TEST(Doctor, PassesOnCpu) {
    DoctorReport report = runDoctor("cpu");
    for (const auto& c : report.checks) {
        if (c.required) {
            EXPECT_TRUE(c.ok) << c.name << ": " << c.detail;
        }
    }
    EXPECT_TRUE(report.ok());
}

TEST(Doctor, FailsWhenTheDeviceIsUnusable) {
    DoctorReport report = runDoctor("no-such-device");
    EXPECT_FALSE(report.ok());
    bool named = false;
    for (const auto& c : report.checks)
        if (!c.ok && c.detail.find("no-such-device") != std::string::npos) named = true;
    EXPECT_TRUE(named) << "the failing check should name the device";
}

TEST(Doctor, AFailedExtraRequiredCheckFailsTheReport) {
    DoctorReport report = runDoctor("cpu", {{"Qt platform plugin", false, true, "missing"}});
    EXPECT_FALSE(report.ok());
    DoctorReport optional = runDoctor("cpu", {{"optional thing", false, false, "missing"}});
    EXPECT_TRUE(optional.ok());
}
