import{r as e,t}from"./chunk-SHT3W25Y-DOp0AWi9.js";import"./chunk-POPQ4Y6H-P8XbSLQm.js";import"./mermaid.core-D3wt3rmR.js";import"./chunk-F27PBJKO-CGMJOCMv.js";import"./chunk-L3NEJ4N5-Dh80xqs4.js";import"./chunk-OSK3NFVY-BLzLNX_S.js";import"./chunk-GVQU2GXP-DbodKCzv.js";import"./chunk-4HAMMTFA-n-fOKUXg.js";import"./chunk-P2QGCYS3-BIQiFKl3.js";import"./chunk-GMAD6QVW-CqYJLmtn.js";import"./chunk-PWAF6VOD-ahXwfnhj.js";import"./chunk-75Z2AOVW-Dhduz5Ic.js";import"./chunk-DU6HZSFF-BqxGuE7U.js";import"./d3-selection-CGqBbkE8.js";import{n}from"./chunk-Y2CYZVJY-DsF7k-Jl.js";var r=t({defaultLayout:`swimlane`,styles:n(t=>`${e(t)}
  .swimlane.cluster rect {
    stroke: ${t.clusterBorder} !important;
  }
  [data-look="neo"].cluster rect {
    filter: none;
  }
`,`getStyles`)});export{r as diagram};