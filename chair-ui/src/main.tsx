import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { routeOf } from './routes';
import './styles/base.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing in index.html');
createRoot(container).render(
  <StrictMode>
    <App route={routeOf(window.location.pathname)} />
  </StrictMode>,
);
