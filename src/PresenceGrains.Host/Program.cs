// Placeholder until the service issue lands.
return 0;
