# Installing woa and its Debian package (`cpack -G DEB` in the build folder).
#
# Layout (what core/paths.cpp, default_corpus_dir() and default_references_dir() look for
# relative to the installed /usr/bin/woa):
#   bin/woa
#   libexec/woa/woa-contain           the subreaper of each contained program (a host program)
#   share/woa/woa-launch.exe, woa-record.exe, probes/*.exe   arm64 PE files run under wine
#   share/woa/woa-launch-x86_64.exe   the launcher of x86-64 control targets
#   share/woa/provision-wine-sdk.sh   extracts the wine SDKs that build wine's tests
#   share/woa/corpus/                 schema/, entries/, inputs/, probes/*.c, known-issues.json
#   share/woa/reference-results/      schema/, <entry>/<test>.json, patterns/, lacking.json
#   share/woa/web/templates/          the site's templates, when web/templates exists
#   share/man/man1/woa.1              help2man, from `woa --help` and every command's help
#   share/bash-completion/completions/woa   `woa completion bash`
include(GNUInstallDirs)

install(TARGETS woa RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS woa-contain RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/woa)
install(FILES ${CMAKE_BINARY_DIR}/woa-launch.exe ${CMAKE_BINARY_DIR}/woa-launch-x86_64.exe
              ${CMAKE_BINARY_DIR}/woa-record.exe ${CMAKE_BINARY_DIR}/provision-wine-sdk.sh
        DESTINATION ${CMAKE_INSTALL_DATADIR}/woa)
install(DIRECTORY ${CMAKE_BINARY_DIR}/probes/ DESTINATION ${CMAKE_INSTALL_DATADIR}/woa/probes
        FILES_MATCHING PATTERN "*.exe")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/corpus/ DESTINATION ${CMAKE_INSTALL_DATADIR}/woa/corpus
        PATTERN "CMakeLists.txt" EXCLUDE PATTERN "README.md" EXCLUDE)
# The references without the recorder's sources (woa-record.exe is installed built).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/reference-results/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/woa/reference-results
        PATTERN "CMakeLists.txt" EXCLUDE PATTERN "README.md" EXCLUDE PATTERN "recorder" EXCLUDE)
if(IS_DIRECTORY ${CMAKE_SOURCE_DIR}/web/templates)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/web/templates/
          DESTINATION ${CMAKE_INSTALL_DATADIR}/woa/web/templates)
endif()

# The man page and the completion script come from the built woa itself, so they cannot lag
# behind its commands.
find_program(WOA_HELP2MAN help2man REQUIRED)
set(woa_man ${CMAKE_BINARY_DIR}/man/woa.1)
set(woa_completion ${CMAKE_BINARY_DIR}/completion/woa)
add_custom_command(OUTPUT ${woa_man}
  COMMAND ${CMAKE_COMMAND} -DWOA=$<TARGET_FILE:woa> -DHELP2MAN=${WOA_HELP2MAN} -DOUT=${woa_man}
          -DEXIT_CODES=${CMAKE_SOURCE_DIR}/core/exit_codes.h -P ${CMAKE_SOURCE_DIR}/cmake/ManPage.cmake
  DEPENDS woa ${CMAKE_SOURCE_DIR}/cmake/ManPage.cmake ${CMAKE_SOURCE_DIR}/core/exit_codes.h VERBATIM)
add_custom_command(OUTPUT ${woa_completion}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/completion
  COMMAND sh -c "\"$1\" completion bash > \"$2\".tmp && mv \"$2\".tmp \"$2\"" sh
          $<TARGET_FILE:woa> ${woa_completion}
  DEPENDS woa VERBATIM)
add_custom_target(woa-docs ALL DEPENDS ${woa_man} ${woa_completion})
install(FILES ${woa_man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${woa_completion} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME woa-compat)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "woa-compat maintainers <woa-compat@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "test Windows-on-Arm programs under qemu-user and wine-arm64")
set(CPACK_PACKAGE_DESCRIPTION
    "woa provisions wine-arm64 + qemu-user targets from Debian's archive, runs arm64 Windows
programs and a corpus of tests under them, records results in SQLite and reports
regressions against earlier runs and reference results.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # woa-compat_0.1.0_amd64.deb
set(CPACK_STRIP_FILES ON)                # the build's debug information stays in the build
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# Libraries from dpkg-shlibdeps; the tools woa starts: mmdebstrap (and the archive keyring it
# verifies with) for `woa target add --wine/--qemu debian:SUITE`, certificates for downloads.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "mmdebstrap, debian-archive-keyring, ca-certificates")
include(CPack)
