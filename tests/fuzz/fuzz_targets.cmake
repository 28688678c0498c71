# The fuzz targets, shared by tests/fuzz (libFuzzer, clang) and
# tests/fuzz-smoke (the same targets over the seed corpus, in every build).
# Each entry: name|libraries|seed folders (relative to the source tree), the
# lists inside separated by commas (a semicolon would split the entry).
set(VBW_FUZZ_TARGETS
  "transcript|vbw_cmd,vbw_util|tests/scenarios/data,tests/shell/data,fixtures/transcripts"
  "vbox_error|vbw_vbm,vbw_hv,vbw_util|fixtures"
  "vbm_output|vbw_vbm,vbw_hv,vbw_util|fixtures"
)
if(EXISTS "${PROJECT_SOURCE_DIR}/src/job/CMakeLists.txt")
  list(APPEND VBW_FUZZ_TARGETS
    "job|vbw_job,vbw_util|fixtures/jobs,tests/scenarios/data"
    "init_data|vbw_job,vbw_util|fixtures/jobs,fixtures/init_data")
endif()
if(EXISTS "${PROJECT_SOURCE_DIR}/src/task/CMakeLists.txt")
  list(APPEND VBW_FUZZ_TARGETS "triggers|vbw_task,vbw_hv,vbw_util|tests/fuzz/seeds/triggers"
    "checkpoint|vbw_task,vbw_hv,vbw_util|tests/fuzz/seeds/checkpoint")
endif()
