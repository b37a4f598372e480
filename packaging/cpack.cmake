# CPack: a Debian package built with `cmake --build build --target package` (or `cpack` in the
# build directory). Included from the top-level CMakeLists.txt after every install() rule.
if(APPLE OR WIN32)
    return()
endif()

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "revox-inspector")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "Revox Call Inspector contributors")
set(CPACK_PACKAGE_CONTACT "${REVOX_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "inspector for Revox AI voice-agent calls")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "revox-inspector")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
# Directories in the package must be 0755 whatever the builder's umask is.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${REVOX_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
# CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY on the first line (the synopsis) and indents this
# below it as the extended description.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Revox Call Inspector fetches a call made by a Revox AI voice agent and shows
its summary, each attempt (busy, voicemail, phone menu or a person), the
transcript with the agent's tool calls, the structured output, the raw
response and the recording. Transcripts can be exported as text, Markdown,
JSON, CSV, HTML or PDF, also from a headless command line.")

# dpkg-shlibdeps (dpkg-dev) finds the libraries the binary links. What it cannot see is what Qt
# and GStreamer load as plugins at run time; see packaging/README.md for why each is here and
# packaging/test-in-clean-debian.sh for the proof.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(REVOX_RUNTIME_DEPENDS
    "libqt6svg6"                   # iconengines/libqsvgicon.so: the SVG window icon
    "libqt6sql6-sqlite"            # sqldrivers/libqsqlite.so: the call library
    "gstreamer1.0-plugins-base"    # playbin, oggdemux, vorbisdec, audioconvert
    "gstreamer1.0-plugins-good"    # souphttpsrc for HTTPS recordings, autoaudiosink, pulsesink
    "ca-certificates"              # the system trust store Qt's TLS backend verifies against
)
list(JOIN REVOX_RUNTIME_DEPENDS ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland")

include(CPack)
