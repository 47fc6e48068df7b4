# `cpack -G DEB` in the build folder: subsim_<version>_<arch>.deb with /usr/bin/subsim, the man
# page, the bash completion and (when built) the Python package in /usr/lib/python3/dist-packages.
# Its library dependencies are found by dpkg-shlibdeps; the Python package's are named here.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME subsim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "subsim developers <subsim@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "discrete-event simulator of subscription lifecycles (renewals, notice, grace, expiry)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(subsim_deb_depends "gnuplot-nox | gnuplot, graphviz")
if(SUBSIM_PYTHON_BUILT)
  # The extension is built for this Python's ABI (cpython-3.11 on Debian 12).
  set(subsim_deb_depends
      "${subsim_deb_depends}, python3 (>= ${Python3_VERSION_MAJOR}.${Python3_VERSION_MINOR}), python3 (<< ${Python3_VERSION_MAJOR}.${Python3_VERSION_MINOR}.999), python3-numpy, python3-pandas")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${subsim_deb_depends}")
set(CPACK_STRIP_FILES ON)
include(CPack)
