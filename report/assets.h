#pragma once
// The pages' CSS and JS (report/assets/), compiled into the binary by
// report/embed_assets.cmake so that a page is written without reading any file.
namespace qc {

extern const char* const kPageCss;        // assets/page.css
extern const char* const kTimelineJs;     // assets/timeline.js: the timeline, page and component
extern const char* const kCalculatorJs;   // assets/calculator.js: the calculator page

}  // namespace qc
