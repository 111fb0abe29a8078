import{r as e,t}from"./chunk-SHT3W25Y-CeuJDjFq.js";import"./chunk-POPQ4Y6H-jgCvxyHm.js";import"./mermaid.core-Hf_TlB5v.js";import"./chunk-F27PBJKO-CJS_eNWy.js";import"./chunk-L3NEJ4N5-B-QgmiPa.js";import"./chunk-OSK3NFVY-R0smUVBK.js";import"./chunk-GVQU2GXP-BSjN00rm.js";import"./chunk-4HAMMTFA-UgiAB5or.js";import"./chunk-P2QGCYS3-9jKOfBlt.js";import"./chunk-GMAD6QVW-Dr-X5MBc.js";import"./chunk-PWAF6VOD-DGFWRI_e.js";import"./chunk-75Z2AOVW-BAXIR5f5.js";import"./chunk-DU6HZSFF-DPkURAoD.js";import"./d3-selection-Ctu-YIle.js";import{n}from"./chunk-Y2CYZVJY-DsF7k-Jl.js";var r=t({defaultLayout:`swimlane`,styles:n(t=>`${e(t)}
  .swimlane.cluster rect {
    stroke: ${t.clusterBorder} !important;
  }
  [data-look="neo"].cluster rect {
    filter: none;
  }
`,`getStyles`)});export{r as diagram};