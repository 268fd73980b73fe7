# One INTERFACE target carries the settings every first-party target shares.
add_library(uae_common INTERFACE)
target_compile_features(uae_common INTERFACE cxx_std_20)
target_compile_options(uae_common INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers>)
target_compile_definitions(uae_common INTERFACE
    UAE_VERSION="${PROJECT_VERSION}"
    $<$<BOOL:${UAE_WITH_CUDA}>:UAE_WITH_CUDA=1>)

# Extra settings for Qt targets: no implicit const char* -> QString. (Qt keywords stay on:
# QCustomPlot's header uses them; torch never meets Qt here.)
add_library(uae_qt_common INTERFACE)
target_link_libraries(uae_qt_common INTERFACE uae_common)
target_compile_definitions(uae_qt_common INTERFACE QT_NO_CAST_FROM_ASCII)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

# The torch wheel's libtorch.so exports std::filesystem symbols of its own (remove_all,
# permissions, ...) that crash when our code binds to them. Naming libstdc++ first on the
# link line puts it first among each executable's NEEDED libraries, so the dynamic linker
# resolves std::filesystem to the system libstdc++.
target_link_options(uae_common INTERFACE "LINKER:--push-state,--no-as-needed" "-lstdc++" "LINKER:--pop-state")
