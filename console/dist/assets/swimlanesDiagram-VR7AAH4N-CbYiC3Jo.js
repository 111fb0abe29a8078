import{r as e,t}from"./chunk-SHT3W25Y-sFZ644td.js";import"./chunk-POPQ4Y6H-7_I66Ky7.js";import"./mermaid.core-wQ_2UkdE.js";import"./chunk-F27PBJKO-BwTdyd-E.js";import"./chunk-L3NEJ4N5-BYKtHEjM.js";import"./chunk-OSK3NFVY-B0q5MLrJ.js";import"./chunk-GVQU2GXP-Dv3nVPuw.js";import"./chunk-4HAMMTFA-BVeWcVvE.js";import"./chunk-P2QGCYS3-ybswJIZL.js";import"./chunk-GMAD6QVW-CBwCa6BN.js";import"./chunk-PWAF6VOD-D9PhJiWY.js";import"./chunk-75Z2AOVW-CUArDWNN.js";import"./chunk-DU6HZSFF-JsTA1s32.js";import"./d3-selection-CqOFhHSq.js";import{n}from"./chunk-Y2CYZVJY-DsF7k-Jl.js";var r=t({defaultLayout:`swimlane`,styles:n(t=>`${e(t)}
  .swimlane.cluster rect {
    stroke: ${t.clusterBorder} !important;
  }
  [data-look="neo"].cluster rect {
    filter: none;
  }
`,`getStyles`)});export{r as diagram};