# Fails unless LIBRARY holds a cubin for every architecture in ARCHS.
execute_process(COMMAND "${CUOBJDUMP}" --list-elf "${LIBRARY}" OUTPUT_VARIABLE listing
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cuobjdump failed on ${LIBRARY}: ${err}")
endif()
foreach(arch IN LISTS ARCHS)
    string(REGEX REPLACE "-.*" "" arch "${arch}")
    if(NOT listing MATCHES "sm_${arch}")
        message(FATAL_ERROR "no sm_${arch} cubin in ${LIBRARY}; cuobjdump listed:\n${listing}")
    endif()
    message(STATUS "sm_${arch} cubin present")
endforeach()
