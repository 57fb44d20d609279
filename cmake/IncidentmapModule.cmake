# incidentmap_module(NAME SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Declares library incidentmap_<NAME> with alias incidentmap::<NAME>, the shared
# warning set, the public include directories and the install/export rules.
function(incidentmap_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  set(target incidentmap_${name})
  add_library(${target} ${ARG_SOURCES})
  add_library(incidentmap::${name} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name}
    OUTPUT_NAME incidentmap_${name} VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_include_directories(${target}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
           $<BUILD_INTERFACE:${INCIDENTMAP_GENERATED_INCLUDE}>
           $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE ${PROJECT_SOURCE_DIR}/lib)
  target_link_libraries(${target} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  incidentmap_warnings(${target})
  if(NOT BUILD_SHARED_LIBS)
    target_compile_definitions(${target} PUBLIC INCIDENTMAP_STATIC_DEFINE)
  endif()
  if(INCIDENTMAP_INSTALL)
    install(TARGETS ${target} EXPORT incidentmapTargets
      ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
      LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
      RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endfunction()
