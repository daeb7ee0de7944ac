package designs

import "fmt"

// DataPath is the data file's path: data.file resolved against the design
// file's folder.
func (d *Design) DataPath() string { return resolveData(d) }

// TemplateFile is one file of a template: its name in the folder and its
// content.
type TemplateFile struct {
	Name string
	Data []byte
}

// TemplateFiles returns the files WriteTemplate writes for a kind of
// design ("" = two-group): TemplateDesign, then TemplateData.
func TemplateFiles(designType string) ([]TemplateFile, error) {
	kind, err := templateKind(designType)
	if err != nil {
		return nil, err
	}
	designSrc, err := templateFS.ReadFile("templates/" + string(kind) + ".yaml")
	if err != nil {
		panic("designs: template for " + string(kind) + " not embedded") // programmer error
	}
	workbook, err := templateWorkbook(kind)
	if err != nil {
		return nil, fmt.Errorf("making %s: %w", TemplateData, err)
	}
	return []TemplateFile{{TemplateDesign, designSrc}, {TemplateData, workbook}}, nil
}
