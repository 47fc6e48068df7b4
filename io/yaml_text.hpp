// Text written into YAML that subsim generates (the scenario `subsim fit` writes): every value
// from an input goes through these, so no name — with `}`, `#`, `&`, `*`, `:`, a quote or a line
// break in it — can change the document's structure.
#pragma once
#include <string>
#include <string_view>

namespace subsim {

// A double-quoted YAML scalar that reads back as exactly `text`: `\` and `"` escaped, control
// characters (line breaks, tabs, …) as \n, \t or \xNN escapes.
std::string yaml_quoted(std::string_view text);

// `text` made safe inside a `# comment`: control characters (a line break would end the
// comment and start YAML) become spaces.
std::string yaml_comment(std::string_view text);

}  // namespace subsim
