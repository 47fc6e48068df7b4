// The report's page: one self-contained HTML file, every text escaped, charts inline SVG.
#pragma once
#include <string>
#include <vector>

namespace subsim {

// Text for HTML element content and attribute values.
std::string html_escape(const std::string& s);

struct Chart {
  std::string title, caption, svg;
};

std::string html_page(const std::string& title, const std::string& header_html,
                      const std::vector<Chart>& charts);

}  // namespace subsim
