#include "widgets/common/resources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initUaeQrc() { Q_INIT_RESOURCE(uae); }

namespace uae::widgets {

void initResources() {
    static const bool done = [] {
        initUaeQrc();
        return true;
    }();
    (void)done;
}

}  // namespace uae::widgets
