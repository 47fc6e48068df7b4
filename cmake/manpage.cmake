# Writes OUT, the man page subsim.1 (roff), from the executable's own help: `subsim --help` for
# the synopsis and commands, then every command's `subsim COMMAND --help`, so the page never
# disagrees with the program. Run as: cmake -DSUBSIM=… -DOUT=… -DVERSION=… -P manpage.cmake
set(commands run compare sweep merge report fit backtest validate explain graph bench)

# Text as roff: backslashes doubled, a line that starts with . or ' guarded.
function(roff_text in out)
  string(REPLACE "\\" "\\e" t "${in}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" t "${t}")
  set(${out} "${t}" PARENT_SCOPE)
endfunction()

function(help_of args out)
  execute_process(COMMAND ${SUBSIM} ${args} --help OUTPUT_VARIABLE text RESULT_VARIABLE rc
                  ERROR_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "manpage.cmake: '${SUBSIM} ${args} --help' failed (${rc})")
  endif()
  roff_text("${text}" text)
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

help_of("" overview)
set(page ".TH SUBSIM 1 \"\" \"subsim ${VERSION}\" \"User Commands\"
.SH NAME
subsim \\- discrete-event simulator of subscription lifecycles (renewals, notice periods, grace, expiry)
.SH SYNOPSIS
.B subsim
.I COMMAND
[\\fIOPTIONS\\fR]
.br
.B subsim \\-\\-version
.SH DESCRIPTION
subsim simulates a vendor's subscriptions sold through resellers, correct to the day: orders,
renewals on term ends, notice-period cut-offs, grace windows, expiry deletions, seat changes,
upgrades, trials and reseller hand-overs, over synthetic customers and a real book. It reads
YAML scenarios and writes revenue and churn statistics with confidence intervals.
A problem with an input is printed as FILE:LINE:COL: error: MESSAGE; the command then exits 2
and writes nothing.
.SH COMMANDS
.nf
${overview}.fi
")
foreach(cmd ${commands})
  help_of("${cmd}" text)
  string(APPEND page ".SS ${cmd}\n.nf\n${text}.fi\n")
endforeach()
string(APPEND page ".SH PYTHON
The package \\fBsubsim\\fR (\\fIimport subsim\\fR) runs the same commands from Python and returns
pandas DataFrames: subsim.run, compare, sweep, fit, explain, validate and model.
.SH EXIT STATUS
0 on success, 2 for bad input or usage (nothing written), 1 for an internal error.
.SH SEE ALSO
The user guide and the references of scenarios, outputs and rules: docs/ in subsim's sources.
")
file(WRITE ${OUT} "${page}")
