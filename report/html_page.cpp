#include "report/html_page.h"

#include "common/markup.h"
#include "report/assets.h"

namespace qc {
namespace {

// JSON inside <script>: no "</script" or "<!--" can appear once every '<' is \u003c
// (valid JSON, since '<' only occurs inside strings). Invalid UTF-8 is replaced, so a
// history with odd bytes still makes a page.
std::string script_safe_json(const nlohmann::json& data) {
  const std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

}  // namespace

std::string html_page(const std::string& title, const nlohmann::json& data) {
  const std::string page = data.value("page", "timeline");
  std::string html;
  html += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  html += markup_escaped(title);
  html += "</title>\n<style>\n";
  html += kPageCss;
  html += "\n</style>\n</head>\n<body>\n<main id=\"app\" data-page=\"" + markup_escaped(page) + "\"></main>\n";
  html += "<script type=\"application/json\" id=\"qc-data\">";
  html += script_safe_json(data);
  html += "</script>\n<script>\n";
  html += kTimelineJs;
  html += "\n</script>\n";
  if (page == "calculator") {
    html += "<script>\n";
    html += kCalculatorJs;
    html += "\n</script>\n";
  }
  html += "</body>\n</html>\n";
  return html;
}

}  // namespace qc
