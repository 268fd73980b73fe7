// The icons of resources/uae.qrc live in the static uae_widgets library, whose resource
// initialiser the linker would drop unless something calls it.
#pragma once

namespace uae::widgets {

// Registers the embedded resources once; safe to call many times.
void initResources();

}  // namespace uae::widgets
