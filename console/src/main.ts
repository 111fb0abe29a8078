/** The console's entry point. */
import './styles/base.css';
import './styles/controls.css';
import './styles/views.css';
import { App } from './app.ts';

const root = document.getElementById('app');
if (root) new App(root);
