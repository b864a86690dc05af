# The probes and woa-launch.exe are arm64 Windows programs built here with clang + lld against
# wine's own Windows headers and arm64 PE import libraries, which Debian ships in
# libwine-dev:arm64 (trixie). scripts/provision-wine-sdk.sh extracts that package (no maintainer
# scripts run) into woa's cache, once per machine; nothing of it is committed.
set(WOA_WINE_SDK "" CACHE PATH "Tree holding usr/include/wine and the arm64 wine import libraries")
set(WOA_WINE_SDK_SUITE "trixie" CACHE STRING "Debian suite whose libwine-dev:arm64 builds the probes")

if(NOT WOA_WINE_SDK)
  if(DEFINED ENV{WOA_HOME} AND NOT "$ENV{WOA_HOME}" STREQUAL "")
    set(_woa_home "$ENV{WOA_HOME}")
  elseif(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
    set(_woa_home "$ENV{XDG_CACHE_HOME}/woa")
  else()
    set(_woa_home "$ENV{HOME}/.cache/woa")
  endif()
  set(WOA_WINE_SDK "${_woa_home}/sdk/wine-${WOA_WINE_SDK_SUITE}-arm64" CACHE PATH "" FORCE)
endif()

if(NOT EXISTS "${WOA_WINE_SDK}/.woa-sdk-ready")
  message(STATUS "woa: provisioning the arm64 wine SDK into ${WOA_WINE_SDK}")
  execute_process(
    COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/provision-wine-sdk.sh ${WOA_WINE_SDK_SUITE} ${WOA_WINE_SDK}
    RESULT_VARIABLE _sdk_result)
  if(NOT _sdk_result EQUAL 0)
    message(FATAL_ERROR "woa: could not provision the arm64 wine SDK (see above)")
  endif()
endif()
file(READ "${WOA_WINE_SDK}/.woa-sdk-ready" WOA_WINE_SDK_VERSION)
string(STRIP "${WOA_WINE_SDK_VERSION}" WOA_WINE_SDK_VERSION)
message(STATUS "woa: arm64 wine SDK: ${WOA_WINE_SDK_VERSION}")

# The amd64 SDK beside it: x86-64 import libraries for the launcher of x86-64 control targets,
# and wine's own build tools (wrc, widl, winebuild), which woa also uses to build wine's tests.
set(WOA_WINE_SDK_X64 "${WOA_WINE_SDK}/../wine-${WOA_WINE_SDK_SUITE}-amd64")
cmake_path(NORMAL_PATH WOA_WINE_SDK_X64)
if(NOT EXISTS "${WOA_WINE_SDK_X64}/.woa-sdk-ready")
  message(STATUS "woa: provisioning the amd64 wine SDK into ${WOA_WINE_SDK_X64}")
  execute_process(
    COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/provision-wine-sdk.sh ${WOA_WINE_SDK_SUITE} ${WOA_WINE_SDK_X64} amd64
    RESULT_VARIABLE _sdk_result)
  if(NOT _sdk_result EQUAL 0)
    message(FATAL_ERROR "woa: could not provision the amd64 wine SDK (see above)")
  endif()
endif()
# woa runs the script itself for the SDKs of other suites (wine's tests): ship it beside woa.
configure_file(${CMAKE_SOURCE_DIR}/scripts/provision-wine-sdk.sh
               ${CMAKE_BINARY_DIR}/provision-wine-sdk.sh COPYONLY)
