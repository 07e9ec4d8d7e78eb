// Placeholder until the emulator issue lands.
return 0;
