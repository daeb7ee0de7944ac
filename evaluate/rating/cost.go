package rating

import "math"

// CostRating is the EEF Toolkit cost rating of a cost per pupil per year
// in pounds: "£" below £80, "££" up to £200, "£££" up to £720, "££££" up
// to £1,200 and "£££££" above; "" for a NaN or negative cost.
// EEF Teaching and Learning Toolkit (2018–20); docs/methods.md §13.
func CostRating(perPupil float64) string {
	switch {
	case math.IsNaN(perPupil) || perPupil < 0:
		return ""
	case perPupil < 80:
		return "£"
	case perPupil <= 200:
		return "££"
	case perPupil <= 720:
		return "£££"
	case perPupil <= 1200:
		return "££££"
	default:
		return "£££££"
	}
}

// CostWords describes an EEF cost rating in words ("£" is "very low
// cost", … "£££££" "very high cost"); "" for anything else.
func CostWords(rating string) string {
	switch rating {
	case "£":
		return "very low cost"
	case "££":
		return "low cost"
	case "£££":
		return "moderate cost"
	case "££££":
		return "high cost"
	case "£££££":
		return "very high cost"
	}
	return ""
}

// CostBands lists the EEF Toolkit cost bands in words, for notes beside a
// rating.
const CostBands = "£ under £80, ££ up to £200, £££ up to £720, ££££ up to £1,200, £££££ over £1,200"
