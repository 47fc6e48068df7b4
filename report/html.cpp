#include "report/html.hpp"

namespace subsim {

std::string html_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<')
      o += "&lt;";
    else if (c == '>')
      o += "&gt;";
    else if (c == '&')
      o += "&amp;";
    else if (c == '"')
      o += "&quot;";
    else
      o += c;
  }
  return o;
}

std::string html_page(const std::string& title, const std::string& header_html,
                      const std::vector<Chart>& charts) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" +
                  html_escape(title) +
                  "</title>\n<style>body{font-family:Helvetica,Arial,sans-serif;max-width:920px;"
                  "margin:2em auto;color:#222}figure{margin:2em 0;border-top:1px solid #ddd;"
                  "padding-top:1em}figcaption{color:#555;font-size:0.9em}table{border-collapse:"
                  "collapse}td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #eee}"
                  "th:first-child,td:first-child{text-align:left}"
                  "td{font-variant-numeric:tabular-nums}th.group{text-align:left;padding-top:"
                  "0.8em;border-bottom:2px solid #ccc;color:#444}p.note{color:#555;"
                  "font-size:0.85em}figure svg{max-width:100%;height:auto}"
                  "td.verdict{font-size:0.8em;line-height:1.25;white-space:nowrap}"
                  "td.verdict svg{display:block;margin-left:auto}"
                  ".better{color:#1b7a2f}.worse{color:#b3261e}.same{color:#777}"
                  "div.answer{background:#f3f6fb;border-left:4px solid #1f4e9c;padding:0.4em 1em;"
                  "margin:1em 0}div.answer pre{font-size:0.72em;overflow-x:auto}"
                  "table.verdict th.variant{overflow-wrap:anywhere;max-width:11em}</style></head><body>\n<h1>" +
                  html_escape(title) + "</h1>\n" + header_html;
  for (const Chart& c : charts)
    h += "<figure class=\"chart\"><h2>" + html_escape(c.title) + "</h2>\n" +
         (c.svg.empty() ? std::string("<p class=\"nodata\">No data.</p>") : c.svg) +
         "\n<figcaption>" + html_escape(c.caption) + "</figcaption></figure>\n";
  return h + "</body></html>\n";
}

}  // namespace subsim
