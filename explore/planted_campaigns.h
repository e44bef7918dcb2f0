#pragma once
// For each planted bug (impl/config.h, PlantedBugs), a campaign tuned to the fault that
// exposes it: tests/planted requires each bug caught and the correct store passing, and
// bench/strategy_comparison measures how soon each scheduling strategy catches it.
#include <span>

#include "explore/campaign.h"

namespace qc {

struct PlantedCampaign {
  const char* name;                      // as in kPlantedBugNames
  void (*plant)(PlantedBugs&);
  void (*configure)(CampaignOptions&);   // the store, workload and faults that expose it
  const char* property;                  // the property that catches it
};

std::span<const PlantedCampaign> planted_campaigns();

// The campaign's options (seed 11, its case count, 200 shrink runs), with the bug
// planted or not.
CampaignOptions planted_campaign_options(const PlantedCampaign& campaign, bool plant_bug);

}  // namespace qc
